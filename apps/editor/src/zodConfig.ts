import { z } from 'zod';

// zod compiles fast parsers with `new Function` unless told not to; the content security policy
// forbids that (script-src 'self'), so the probe would only log a violation. Imported first.
z.config({ jitless: true });
