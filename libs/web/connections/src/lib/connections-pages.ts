/** The coordinator's "Connections" page, for the app's route table (loaded on first visit). */
export const connectionsPages = {
  connections: () => import('./connections/connections-page').then((m) => m.ConnectionsPage),
};
