import type { Route } from '@angular/router';
import { ResetPasswordPage } from './reset-password-page';

/**
 * `/reset-password/:token`. The token's segment and the title live here, in the lazy chunk: the
 * initial bundle is at its 300 kB budget, and the app's routes only name the prefix.
 */
const resetPasswordRoutes: Route[] = [
  { path: ':token', title: 'Set a new password', component: ResetPasswordPage },
];
export default resetPasswordRoutes;
