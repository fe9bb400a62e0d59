/** The gateway's custom scalars as TypeScript types (the same mapping as examples/codegen.ts). */
export type Nino = `${string}${number}${string}`;
export type TaxYear = `${number}-${number}`;
export type IsoDate = `${number}-${number}-${number}`;
