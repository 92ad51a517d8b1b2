/** What a protocol module hands back to the HTTP layer. */
export interface WireResponse {
  status: number;
  contentType: string;
  body: string;
}
