import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { OrganizationSettings, UpdateOrganizationRequest } from '@kap/shared/contracts';
import { Observable } from 'rxjs';

const ORGANIZATION_URL = '/api/organization';

/** The caller's own organization settings (`GET/PATCH /api/organization`; the admin changes them). */
@Injectable({ providedIn: 'root' })
export class OrganizationApi {
  private readonly http = inject(HttpClient);

  get(): Observable<OrganizationSettings> {
    return this.http.get<OrganizationSettings>(ORGANIZATION_URL);
  }

  update(body: UpdateOrganizationRequest): Observable<OrganizationSettings> {
    return this.http.patch<OrganizationSettings>(ORGANIZATION_URL, body);
  }
}
