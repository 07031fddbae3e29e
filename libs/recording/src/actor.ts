/** Who is recording, and the request they belong to: stored as the event's metadata. */
export interface Actor {
  id: string;
  correlationId: string;
  source: 'api' | 'import' | 'demo';
}
