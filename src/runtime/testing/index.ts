// Fakes of the runtime's narrow interfaces, for unit tests of the layers above.
export * from './fake-event-recorder.js';
export * from './fake-list-watch.js';
export * from './fake-lease-client.js';
export * from './fake-access-review-client.js';
export * from './widget-crd.js';
export * from './fake-shard-lease-store.js';
