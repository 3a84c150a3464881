import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ApiKey,
  CreatedApiKey,
  CreatedWebhook,
  Page,
  Webhook,
  WebhookDelivery,
} from '@kap/shared/contracts';
import type { Observable } from 'rxjs';

/** The API keys and webhooks calls (docs/decisions/0008-machine-access-webhooks.md). */
@Injectable({ providedIn: 'root' })
export class ConnectionsApi {
  private readonly http = inject(HttpClient);

  apiKeys(): Observable<Page<ApiKey>> {
    return this.http.get<Page<ApiKey>>('/api/api-keys', { params: new HttpParams().set('limit', 200) });
  }

  createApiKey(name: string): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>('/api/api-keys', { name });
  }

  revokeApiKey(id: string): Observable<ApiKey> {
    return this.http.post<ApiKey>(`/api/api-keys/${encodeURIComponent(id)}/revoke`, {});
  }

  webhooks(): Observable<Page<Webhook>> {
    return this.http.get<Page<Webhook>>('/api/webhooks', { params: new HttpParams().set('limit', 200) });
  }

  createWebhook(url: string, description: string | undefined): Observable<CreatedWebhook> {
    return this.http.post<CreatedWebhook>('/api/webhooks', description ? { url, description } : { url });
  }

  disableWebhook(id: string): Observable<Webhook> {
    return this.http.post<Webhook>(`/api/webhooks/${encodeURIComponent(id)}/disable`, {});
  }

  deliveries(webhookId: string, cursor: string | null): Observable<Page<WebhookDelivery>> {
    let params = new HttpParams().set('limit', 50);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<WebhookDelivery>>(`/api/webhooks/${encodeURIComponent(webhookId)}/deliveries`, {
      params,
    });
  }

  retryDelivery(id: string): Observable<WebhookDelivery> {
    return this.http.post<WebhookDelivery>(`/api/webhook-deliveries/${encodeURIComponent(id)}/retry`, {});
  }
}
