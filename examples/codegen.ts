import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

/**
 * A frontend's codegen, as a client team would write it: graphql-codegen's client preset over the gateway's schema,
 * every custom scalar mapped to a TypeScript type (the schema gives each one `@specifiedBy`), and a trusted-documents
 * manifest (`persisted-documents.json`, `sha256:` ids) that the gateway can be told to accept exclusively.
 * Run from the repository root: `npm run examples:codegen`; CI checks the output is committed and type-checks.
 */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  documents: ['examples/src/**/*.graphql', 'examples/src/**/*.ts', '!examples/src/gql/**'],
  generates: {
    'examples/src/gql/': {
      preset: 'client',
      // Apollo Client's cache normalises on `__typename` + `id`; with trusted documents the client cannot add
      // `__typename` at run time, so it is written into the documents (and their manifest) here.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        strictScalars: true,
        enumsAsTypes: true,
        scalars: {
          ID: 'string',
          // Template-literal types: a value of the wrong shape is a compile error where it is written.
          Nino: '`${string}${number}${string}`',
          TaxYear: '`${number}-${number}`',
          Utr: 'string',
          Date: '`${number}-${number}-${number}`',
          DateTime: 'string',
        },
      },
    },
  },
};

export default config;
