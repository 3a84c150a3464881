/**
 * The sharing routes (the home dashboard and the follow-up packet), for one `loadChildren` on
 * the empty path. Only this dynamic import crosses the barrel: the route table, its titles and the
 * pages stay out of the initial bundle, which is at its size budget. The router loads this small
 * table on the first navigation and falls through to the other routes when neither path matches.
 */
export const loadSharingRoutes = () => import('./sharing-routes').then((m) => m.sharingRoutes);

/** Sections the patient page shows, loaded when it renders (created by hand, see the page). */
export const sharingSections = {
  thread: () => import('./thread/care-team-thread').then((m) => m.CareTeamThread),
  disclosures: () => import('./disclosures/disclosures-section').then((m) => m.DisclosuresSection),
};
