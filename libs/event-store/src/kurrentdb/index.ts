export * from './kurrentdb-event-store.js';
export { decodePosition as decodeKurrentPosition, encodePosition as encodeKurrentPosition, type KurrentPosition } from './positions.js';
export { ResubscribingSubscription, type SourceConnection, type SourceItem, type SubscriptionSource, type ResubscribeOptions } from './resubscribing-subscription.js';
