/** The four HMRC APIs behind the gateway, with the `Accept` version each is called with by default. */
export const API_IDS = ['charges', 'reliefs', 'disclosures', 'saAccount'] as const;
export type ApiId = (typeof API_IDS)[number];

export const DEFAULT_API_VERSIONS: Readonly<Record<ApiId, string>> = {
  charges: '3.0',
  reliefs: '3.0',
  disclosures: '2.0',
  saAccount: '1.0',
};

export type ApiVersions = Readonly<Record<ApiId, string>>;

export function acceptHeader(version: string): string {
  return `application/vnd.hmrc.${version}+json`;
}
