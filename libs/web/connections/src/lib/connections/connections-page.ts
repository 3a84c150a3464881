import { ChangeDetectionStrategy, Component } from '@angular/core';
import { PageHeading } from '@kap/web/ui';
import { ApiKeysSection } from './api-keys-section';
import { WebhooksSection } from './webhooks-section';

/** The medical team coordinator's page for the team's own systems (decision 0008). */
@Component({
  selector: 'kap-connections-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PageHeading, ApiKeysSection, WebhooksSection],
  template: `
    <kap-page-heading
      heading="Connections"
      lead="Connect your team's own systems to KAP Care: they read what is shared with your team and are told of changes."
    />
    <kap-api-keys-section />
    <kap-webhooks-section />
  `,
})
export class ConnectionsPage {}
