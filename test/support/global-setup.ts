// Placeholder replaced by the world harness.
export default async function globalSetup(): Promise<void> {}
