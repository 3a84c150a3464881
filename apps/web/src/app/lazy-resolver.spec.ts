import { Component, inject, Injectable } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, provideRouter, Router } from '@angular/router';
import { lazyResolver } from './lazy-resolver';

@Injectable({ providedIn: 'root' })
class Greeting {
  readonly text = 'hello';
}

@Component({ template: '' })
class Page {
  readonly route = inject(ActivatedRoute);
}

describe('lazyResolver', () => {
  it('loads the resolver, runs it in the route injection context and leaves its answer in the data', async () => {
    const load = vi.fn(() => Promise.resolve(() => inject(Greeting).text));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'page', component: Page, resolve: { greeting: lazyResolver(load) } }]),
      ],
    });

    expect(await TestBed.inject(Router).navigateByUrl('/page')).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
    const fixture = TestBed.createComponent(Page);
    expect(fixture.componentInstance.route.root.firstChild?.snapshot.data['greeting']).toBe('hello');
  });

  it('offers the loader as preload, so the chunk can be fetched before the guards have answered', () => {
    const load = vi.fn(() => Promise.resolve(() => 'x'));
    const resolver = lazyResolver(load);
    void resolver.preload();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
