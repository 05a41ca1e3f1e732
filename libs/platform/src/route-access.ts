import { SetMetadata } from '@nestjs/common';

// The API's auth guard reads these; they live here so /health and /metrics (served by the projector
// as well) can be declared outside the API.
export const IS_PUBLIC = 'wz:public';
export const OWN_CREDENTIALS = 'wz:own-credentials';

/** No token needed; a token that is present is still verified (a bad one is 401). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route checks its own Authorization header (e.g. /metrics and METRICS_TOKEN): no JWT verified here. */
export const OwnCredentials = () => SetMetadata(OWN_CREDENTIALS, true);
