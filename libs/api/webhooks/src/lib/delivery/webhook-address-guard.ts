import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { lookup as systemLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { APP_CONFIG, type AppConfig } from '@kap/api/platform';
import { isIpAddress, WEBHOOK_PRIVATE_ADDRESS_PROBLEM, webhookAddressAllowed } from '@kap/shared/domain';

/** The words for a host name that does not resolve, or resolves into a private network: one answer for both. */
export const WEBHOOK_HOST_PROBLEM =
  'must name a host that resolves to public internet addresses only, not to a local or private network';

/** The system's name resolution (the hosts file, then DNS), every address of a name. */
@Injectable()
export class HostResolver {
  resolve(hostname: string): Promise<LookupAddress[]> {
    return new Promise((resolve, reject) =>
      systemLookup(hostname, { all: true }, (error, addresses) =>
        error ? reject(error) : resolve(addresses),
      ),
    );
  }
}

/** Raised inside the connection's lookup: the attempt fails before any packet leaves for the host. */
export class AddressNotAllowed extends Error {
  readonly code = 'EADDRNOTALLOWED';
  constructor() {
    super('The webhook host resolves to an address that is not public.');
    this.name = 'AddressNotAllowed';
  }
}

type LookupCallback = Parameters<LookupFunction>[2];
type LookupOptions = Parameters<LookupFunction>[1];

/**
 * Keeps webhooks from probing the server's own network (issue 22). A host is resolved at
 * registration and again for every connection; when any of its addresses is not public unicast
 * (loopback too, unless WEBHOOK_ALLOW_LOOPBACK is set for development and tests) the connection is
 * refused. The socket is opened to the very addresses that were checked (the dispatcher's lookup),
 * so a name that changes between the check and the connection (DNS rebinding) gains nothing.
 */
@Injectable()
export class WebhookAddressGuard implements OnModuleDestroy {
  private readonly rules: { allowLoopback: boolean };
  /** Pass to `fetch` from undici as `dispatcher`: every connection goes through the guarded lookup. */
  readonly dispatcher: Agent;

  constructor(
    private readonly resolver: HostResolver,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rules = { allowLoopback: config.webhookAllowLoopback };
    this.dispatcher = new Agent({
      connect: { lookup: (hostname, options, callback) => this.lookup(hostname, options, callback) },
    });
  }

  /** Why the endpoint's host cannot be used, in words for the coordinator; null when it can. */
  async registrationProblem(url: URL): Promise<string | null> {
    const host = bareHost(url.hostname);
    if (isIpAddress(host)) return this.allowed(host) ? null : WEBHOOK_PRIVATE_ADDRESS_PROBLEM;
    let addresses: LookupAddress[];
    try {
      addresses = await this.resolver.resolve(host);
    } catch {
      // Development and tests run offline: a name that does not resolve yet is checked at each attempt.
      return this.rules.allowLoopback ? null : WEBHOOK_HOST_PROBLEM;
    }
    return addresses.length > 0 && addresses.every((a) => this.allowed(a.address))
      ? null
      : WEBHOOK_HOST_PROBLEM;
  }

  /**
   * Whether a connection to this URL's host may even be tried. Literal addresses are checked here:
   * a socket to an IP literal is opened without any lookup.
   */
  literalAllowed(url: URL): boolean {
    const host = bareHost(url.hostname);
    return !isIpAddress(host) || this.allowed(host);
  }

  onModuleDestroy(): Promise<void> {
    return this.dispatcher.close();
  }

  private allowed(address: string): boolean {
    return webhookAddressAllowed(address, this.rules);
  }

  /** `net.connect`'s lookup: answers only checked addresses, in the form the caller asked for. */
  private lookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    this.resolver.resolve(bareHost(hostname)).then(
      (resolved) => {
        const addresses =
          options.family === 4 || options.family === 6
            ? resolved.filter((a) => a.family === options.family)
            : resolved;
        // Every address must pass, not just the first: the caller may try them all (happy eyeballs).
        if (addresses.length === 0 || !resolved.every((a) => this.allowed(a.address))) {
          callback(new AddressNotAllowed(), '');
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  }
}

/** `[::1]` → `::1`; `host.` → `host` is left to the resolver (a trailing dot is a valid full name). */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
