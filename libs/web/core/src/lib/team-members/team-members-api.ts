import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateMemberRequest,
  OrganizationMember,
  Page,
  UpdateMemberRequest,
} from '@kap/shared/contracts';
import { Observable } from 'rxjs';

const USERS_URL = '/api/users';

/** The practice admin's calls on `/api/users` (docs/api.md, "Health and identity"). */
@Injectable({ providedIn: 'root' })
export class TeamMembersApi {
  private readonly http = inject(HttpClient);

  list(cursor: string | null, limit = 50): Observable<Page<OrganizationMember>> {
    let params = new HttpParams().set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<OrganizationMember>>(USERS_URL, { params });
  }

  /** The key makes a retried submission (double click, flaky network) create one member, not two. */
  create(body: CreateMemberRequest, idempotencyKey: string): Observable<OrganizationMember> {
    return this.http.post<OrganizationMember>(USERS_URL, body, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  /** Optimistic concurrency: the server refuses (412) when `version` is no longer current. */
  update(id: string, version: number, body: UpdateMemberRequest): Observable<OrganizationMember> {
    return this.http.patch<OrganizationMember>(`${USERS_URL}/${encodeURIComponent(id)}`, body, {
      headers: new HttpHeaders({ 'If-Match': `"${version}"` }),
    });
  }
}
