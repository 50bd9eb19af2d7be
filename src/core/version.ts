declare const __ARGO_DOCTOR_VERSION__: string | undefined;

/** The product version, injected by the bundler; "dev" when running from sources (tests). */
export const VERSION: string = typeof __ARGO_DOCTOR_VERSION__ === 'string' ? __ARGO_DOCTOR_VERSION__ : 'dev';
