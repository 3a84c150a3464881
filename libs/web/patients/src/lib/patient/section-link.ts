/**
 * Follows a link to a section of the patient page by moving focus to the section's heading
 * (which scrolls it into view and tells a screen reader where it landed). Not a router
 * navigation: after one, the app moves focus back to the page's h1. A modified click (new tab,
 * new window) keeps the link's own address.
 */
export function followSectionLink(event: MouseEvent, document: Document, id: string): void {
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const target = document.getElementById(id);
  if (target) focusSection(target);
}

/** A heading is not focusable by default; -1 makes it focusable by script only, not by Tab. */
export function focusSection(target: HTMLElement): void {
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}
