import type { Routes } from '@angular/router';

/** Mounted on the empty path inside the signed-in shell. */
export const sharingRoutes: Routes = [
  // "Today" stays the home page's title and heading.
  {
    path: '',
    pathMatch: 'full',
    title: 'Today',
    loadComponent: () => import('./dashboard/dashboard-page').then((m) => m.DashboardPage),
  },
  // Ahead of the patient routes, which the app mounts after this table.
  {
    path: 'patients/:id/packet',
    title: 'Follow-up packet',
    loadComponent: () => import('./packet/packet-page').then((m) => m.PacketPage),
  },
];
