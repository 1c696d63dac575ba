import { StreamerRequestError } from "./streamer-client.js";

/**
 * Asks the host for a development user's token (POST /api/dev/token, offered only in the Development environment, so
 * without a token of its own); rejects with a StreamerRequestError as every other call does.
 */
export async function requestDevToken(user, tenant) {
  let response;
  try {
    response = await fetch(new URL("api/dev/token", document.baseURI), {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ user, tenant }),
      cache: "no-store",
    });
  } catch (error) {
    throw new StreamerRequestError(`The host could not be reached (${error.message}).`, { status: 0, code: "NETWORK", cause: error });
  }

  if (!response.ok) throw await StreamerRequestError.fromResponse(response);
  return (await response.json()).token;
}
