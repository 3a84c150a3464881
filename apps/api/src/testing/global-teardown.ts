export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { kapEmbedded?: { stop(): Promise<void> } }).kapEmbedded;
  await embedded?.stop();
}
