import type { QueryResolvers } from '../../generated/graphql';

/** The caller's own fraud-prevention headers, as the context evaluated them for this request (no HMRC call). */
export const Query: QueryResolvers = {
  fraudPreventionHeadersCheck: (_root, _args, { fraud }) => {
    const errors = fraud.problems.some((p) => p.severity === 'error');
    return {
      connectionMethod: fraud.connectionMethod ?? null,
      mode: fraud.mode === 'enforce' ? 'ENFORCE' : fraud.mode === 'report' ? 'REPORT' : 'OFF',
      valid: !errors,
      wouldBeRefused: fraud.refused,
      headers: Object.entries(fraud.headers).map(([name, value]) => ({ name, value: value ?? '' })),
      problems: fraud.problems.map((p) => ({
        header: p.header,
        severity: p.severity === 'error' ? 'ERROR' : 'WARNING',
        code: p.code,
        message: p.message,
      })),
    };
  },
};
