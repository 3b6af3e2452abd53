"""Short-lived Hume access tokens, by the OAuth2 client-credentials grant (research/hume_evi.md §4)."""

import httpx
from pydantic import BaseModel, Field, ValidationError

TIMEOUT_S = 10.0


class HumeToken(BaseModel):
    access_token: str = Field(min_length=1)
    expires_in: int = Field(default=1800, ge=0)


class HumeTokenError(Exception):
    """Hume refused or could not be reached; the message is for people and never carries a key."""


async def mint_hume_token(
    *, api_key: str, secret_key: str, base_url: str, transport: httpx.AsyncBaseTransport | None = None
) -> HumeToken:
    url = f'{base_url.rstrip("/")}/oauth2-cc/token'
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_S, transport=transport) as http:
            response = await http.post(url, data={'grant_type': 'client_credentials'}, auth=(api_key, secret_key))
    except httpx.HTTPError as error:
        raise HumeTokenError(f'Hume cannot be reached right now ({type(error).__name__}).') from None
    if response.status_code != 200:
        raise HumeTokenError(f'Hume refused the token request (HTTP {response.status_code}); check the Hume keys.')
    try:
        return HumeToken.model_validate(response.json())
    except (ValueError, ValidationError):
        raise HumeTokenError('Hume answered the token request with something that is not a token.') from None
