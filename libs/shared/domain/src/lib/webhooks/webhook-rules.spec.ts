import {
  WEBHOOK_MAX_ATTEMPTS,
  webhookAddressAllowed,
  webhookRetryDelaySeconds,
  webhookUrlProblem,
} from './webhook-rules';

describe('webhook retry schedule', () => {
  it.each([
    [1, 10],
    [2, 30],
    [3, 120],
    [4, 600],
    [5, 1800],
    [6, 3600],
    [7, 10800],
    [8, null],
    [9, null],
  ])('after %i failed attempts waits %p seconds', (failed, delay) => {
    expect(webhookRetryDelaySeconds(failed)).toBe(delay);
  });

  it('gives up exactly after the last allowed attempt', () => {
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(8);
    expect(webhookRetryDelaySeconds(WEBHOOK_MAX_ATTEMPTS - 1)).not.toBeNull();
    expect(webhookRetryDelaySeconds(WEBHOOK_MAX_ATTEMPTS)).toBeNull();
  });
});

describe('resolved webhook addresses', () => {
  it.each([
    ['8.8.8.8', false, true],
    ['2606:4700:4700::1111', false, true],
    ['127.0.0.1', false, false],
    ['127.0.0.1', true, true],
    ['::1', true, true],
    ['::ffff:127.0.0.1', true, true],
    ['10.0.0.1', true, false],
    ['::7f00:1', true, false],
    ['fec0::1', true, false],
    ['169.254.169.254', true, false],
  ])('%s with loopback allowed %p: %p', (address, allowLoopback, allowed) => {
    expect(webhookAddressAllowed(address, { allowLoopback })).toBe(allowed);
  });
});

describe('webhook address', () => {
  const strict = { allowLoopback: false };
  const dev = { allowLoopback: true };

  it.each([
    ['https://ehr.example.org/kap-events', strict, null],
    ['https://ehr.example.org:8443/hooks?team=4', strict, null],
    ['https://93.184.215.14/hooks', strict, null],
    ['http://127.0.0.1:4380/hook', dev, null],
    ['http://localhost:4380/hook', dev, null],
    ['https://127.0.0.1/hook', dev, null],
    ['https://localhost./hook', dev, null],
    ['https://[2606:4700:4700::1111]/hook', strict, null],
  ])('accepts %s (%o)', (url, options, problem) => {
    expect(webhookUrlProblem(url, options)).toBe(problem);
  });

  it.each([
    ['http://ehr.example.org/hook', strict, /https/],
    ['http://ehr.example.org/hook', dev, /https/],
    ['http://127.0.0.1:4380/hook', strict, /https/],
    ['http://10.0.0.5/hook', dev, /https/],
    ['https://127.0.0.1/hook', strict, /local or private/],
    ['https://localhost/hook', strict, /local or private/],
    ['https://10.1.2.3/hook', strict, /local or private/],
    ['https://172.20.0.1/hook', strict, /local or private/],
    ['https://192.168.1.1/hook', strict, /local or private/],
    ['https://169.254.169.254/latest/meta-data', dev, /local or private/],
    ['https://[::1]/hook', strict, /local or private/],
    ['https://[fd00::1]/hook', strict, /local or private/],
    ['https://localhost./hook', strict, /local or private/],
    ['https://LOCALHOST../hook', strict, /local or private/],
    ['https://kap.localhost./hook', strict, /local or private/],
    ['https://[::7f00:1]/hook', strict, /local or private/],
    ['https://[::7f00:1]/hook', dev, /local or private/],
    ['https://[fec0::1]/hook', strict, /local or private/],
    ['https://[::ffff:127.0.0.1]/hook', strict, /local or private/],
    ['https://[::ffff:a00:1]/hook', dev, /local or private/],
    ['https://0x7f.1/hook', strict, /local or private/],
    ['https://2130706433/hook', strict, /local or private/],
    ['https://100.64.0.1/hook', strict, /local or private/],
    ['https://0.0.0.0/hook', strict, /local or private/],
    ['https://192.0.2.1/hook', strict, /local or private/],
    ['https://203.0.113.7/hooks', strict, /local or private/],
    ['https://[2001:db8::1]/hook', strict, /local or private/],
    ['https://[ff02::1]/hook', strict, /local or private/],
    ['https://user:pass@ehr.example.org/hook', strict, /user name or password/],
    ['https://ehr.example.org/hook#x', strict, /fragment/],
    ['ftp://ehr.example.org/hook', strict, /https/],
    ['ehr.example.org/hook', strict, /full address/],
    ['', strict, /full address/],
  ])('refuses %s (%o)', (url, options, problem) => {
    expect(webhookUrlProblem(url, options)).toMatch(problem);
  });

  it('refuses an address longer than 2000 characters', () => {
    expect(webhookUrlProblem(`https://ehr.example.org/${'a'.repeat(2000)}`, strict)).toMatch(/2000/);
  });
});
