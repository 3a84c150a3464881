export * from './lib/page-heading/page-heading';
export * from './lib/empty-state/empty-state';
export * from './lib/error-banner/error-banner';
export * from './lib/severity-chip/severity-chip';
export * from './lib/typed-date/typed-date-check';
export * from './lib/draw-in-turn/draw-in-turn';
export * from './lib/wide-window/wide-window';
