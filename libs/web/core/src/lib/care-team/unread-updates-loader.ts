import type { UnreadUpdates } from './unread-updates';

export type { UnreadUpdates };

/**
 * The unread care-team updates store, for the feature pages that share it with the shell's badge.
 * Reached through this dynamic import only: exported from the barrel, its file would join the
 * initial bundle (esbuild splits by file, and the barrel is loaded at start-up), which is at its
 * 300 kB budget. It is imported through the shell, which every signed-in page already has loaded:
 * a dynamic import of the store's own file would be a new entry point reaching only Angular's core
 * and HttpClient, and esbuild would split the framework's initial chunk in two around it (measured: 1.1 kB
 * more of cross-chunk imports in the initial bundle).
 */
export const loadUnreadUpdates = (): Promise<typeof UnreadUpdates> =>
  import('../shell/shell-layout').then((m) => m.UnreadUpdates);
