import { SetMetadata } from '@nestjs/common';
import type { Role } from '@kap/shared/contracts';

export const IS_PUBLIC = 'kap:public';
export const ALLOWED_ROLES = 'kap:roles';

/**
 * Reachable without a session. The allow-list is health, login and its second step, and the
 * patient's questionnaire link (its token is the credential); a test pins it.
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route at all (403 otherwise); record access is checked later. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);
