import { ApplicationRef, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { DrawInTurn } from './draw-in-turn';

@Component({ selector: 'kap-parts', template: '' })
class Parts {
  readonly start = signal(false);
  readonly parts = new DrawInTurn(3, this.start);
}

describe('DrawInTurn', () => {
  function create(): Parts {
    const fixture = TestBed.createComponent(Parts);
    fixture.detectChanges();
    return fixture.componentInstance;
  }

  it('draws nothing until asked, then one more part per task up to all of them', async () => {
    const parts = create();
    await TestBed.inject(ApplicationRef).whenStable();
    expect(parts.parts.drawn()).toBe(0);

    parts.start.set(true);
    TestBed.tick();
    expect(parts.parts.drawn()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve));
    expect(parts.parts.drawn()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve));
    expect(parts.parts.drawn()).toBe(2);
  });

  it('keeps the app unstable until the last part is drawn', async () => {
    const parts = create();
    parts.start.set(true);
    TestBed.tick();
    await TestBed.inject(ApplicationRef).whenStable();
    expect(parts.parts.drawn()).toBe(3);
  });

  it('draws everything at once when a reader asks for a part before its turn', () => {
    const parts = create();
    parts.parts.drawAll();
    expect(parts.parts.drawn()).toBe(3);
    parts.start.set(true);
    TestBed.tick();
    expect(parts.parts.drawn()).toBe(3);
  });
});
