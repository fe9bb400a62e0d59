/**
 * An explorer that needs no internet: GraphiQL, served from the packages installed with the gateway. Apollo
 * Sandbox (the landing page at GET /graphql) loads from Apollo's CDN, so offline, or behind a proxy that blocks it,
 * there is no explorer at all; /graphiql is the same GraphQL endpoint with every asset from node_modules (React 18
 * and GraphiQL 3's UMD builds, whose CSS inlines its fonts). No inline script, so a strict Content-Security-Policy
 * (`script-src 'self'`) allows it. The bearer token goes in GraphiQL's Headers tab; it is not persisted to the
 * browser's storage, so a shared machine does not keep an HMRC token.
 */
import path from 'node:path';
import type { Router } from 'express';
import express from 'express';

/** A file inside an installed package (through its package.json: packages' export maps hide their UMD builds). */
function packageFile(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

/** Each served asset: URL name → file inside an installed package (a fixed list: nothing else is reachable). */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': {
    file: packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.js': { file: packageFile('graphiql', 'dist/index.umd.js'), type: 'text/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'dist/style.css'), type: 'text/css' },
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>HMRC GraphQL Gateway · GraphiQL</title>
    <link rel="stylesheet" href="graphiql/assets/graphiql.css" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="graphiql/assets/react.js"></script>
    <script src="graphiql/assets/react-dom.js"></script>
    <script src="graphiql/assets/graphiql.js"></script>
    <script src="graphiql/assets/start.js"></script>
  </body>
</html>
`;

/** Runs in the browser: the endpoint next to this page, a headers editor primed for the bearer token. */
const START = `(function () {
  var endpoint = new URL('graphql', window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  var query = '# HMRC GraphQL Gateway. Put your HMRC token in the Headers tab below, then run.\\n' +
    'query Example {\\n  taxpayer(nino: "AA123456A") {\\n    id\\n    taxYear(taxYear: "2024-25") {\\n' +
    '      id\\n      pensionCharges { id submittedOn }\\n    }\\n  }\\n}\\n';
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: query,
    defaultHeaders: '{\\n  "Authorization": "Bearer <your HMRC access token>"\\n}',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers'
  }));
})();
`;

export function graphiqlRouter(): Router {
  const router = express.Router();
  const page = (_req: express.Request, res: express.Response) => {
    res.set('cache-control', 'no-cache').type('html').send(PAGE);
  };
  // `/graphiql` and `/graphiql/` alike; relative asset URLs are written for the former, so redirect the latter.
  router.get('/graphiql', page);
  router.get('/graphiql/', (_req, res) => res.redirect(301, '../graphiql'));
  router.get('/graphiql/assets/start.js', (_req, res) => {
    res.set('cache-control', 'no-cache').type('text/javascript').send(START);
  });
  router.get('/graphiql/assets/:name', (req, res, next) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return next();
    res.set('cache-control', 'public, max-age=86400').type(asset.type).sendFile(asset.file);
  });
  return router;
}
