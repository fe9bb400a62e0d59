/**
 * Security headers on every response, by helmet. Everything the gateway serves is JSON except Apollo's landing
 * page, so the policy is as strict as it gets (`default-src 'none'`, no framing) for every response but that
 * page. The landing page (Apollo Sandbox in development, Apollo's static page in production) loads its scripts,
 * styles, fonts and frames from Apollo's CDNs and sets its own nonce-based CSP in a `<meta>` tag; a browser
 * enforces both policies, so the header for it only has to allow what Apollo's own policy allows.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

// The hosts Apollo Server 5's landing pages use (@apollo/server plugin/landingPage/default).
const APOLLO_SCRIPTS = [
  'https://apollo-server-landing-page.cdn.apollographql.com',
  'https://embeddable-sandbox.cdn.apollographql.com',
  'https://embeddable-explorer.cdn.apollographql.com',
];
const APOLLO_FRAMES = ['https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'];

const common = {
  // HMRC data is per caller: no referrer leaks the endpoint's URL to another site.
  referrerPolicy: { policy: 'no-referrer' as const },
  // Browsers call the gateway cross-origin (CORS_ORIGINS); CORS decides who may read answers.
  crossOriginResourcePolicy: { policy: 'same-site' as const },
};

const strict = helmet({
  ...common,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  },
});

const landingPage = helmet({
  ...common,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      // 'unsafe-inline' is narrowed by the page's own nonce policy (both apply).
      scriptSrc: ["'self'", "'unsafe-inline'", ...APOLLO_SCRIPTS],
      styleSrc: ["'self'", "'unsafe-inline'", ...APOLLO_SCRIPTS, 'https://fonts.googleapis.com'],
      fontSrc: ["'self'", 'https://fonts.gstatic.com', 'data:'],
      imgSrc: ["'self'", 'data:', ...APOLLO_SCRIPTS],
      manifestSrc: ["'self'", ...APOLLO_SCRIPTS],
      frameSrc: APOLLO_FRAMES,
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
});

/** A browser asking for a page (Apollo answers such a GET with the landing page), not a GraphQL client. */
function wantsPage(accept: string | undefined, method: string): boolean {
  return method === 'GET' && /\btext\/html\b/i.test(accept ?? '');
}

export function securityHeaders(): RequestHandler {
  return (req, res, next) =>
    (wantsPage(req.headers.accept, req.method) ? landingPage : strict)(req, res, next);
}
