// The answer of a route that says nothing (204 No Content: logout, password change): no body at all.
import { z } from 'zod';

/** A 204's body: none. A client that reads one as JSON has found a server that drifted. */
export const NoContent = z.undefined();
