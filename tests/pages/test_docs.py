"""/docs works offline: the page names only the app's own assets, and the app serves them."""

import re

import pytest
from nicegui.testing import User

ASSET = re.compile(r"""(?:src|href)=["']?([^"'\s>]+)|url:\s*['"]([^'"]+)['"]""")


def urls_in(html: str) -> list[str]:
    return [first or second for first, second in ASSET.findall(html)]


async def test_the_docs_page_loads_only_the_apps_own_assets(user: User) -> None:
    response = await user.http_client.get('/docs')  # signed out: the API's documentation is public
    assert response.status_code == 200
    html = response.text
    assert not re.search(r'https?://|//[a-z]', html, re.I), 'the page names an outside address'
    assert set(urls_in(html)) == {
        '/docs-assets/swagger-ui-bundle.js',
        '/docs-assets/swagger-ui.css',
        '/docs-assets/favicon.png',
        '/openapi.json',
    }


async def test_redoc_leads_to_the_docs_page(user: User) -> None:
    # ReDoc would fetch its maker's logo from a CDN on every view.
    response = await user.http_client.get('/redoc', follow_redirects=False)
    assert response.status_code == 307
    assert response.headers['location'] == '/docs'


@pytest.mark.parametrize(
    ('asset', 'content_type', 'marker'),
    [
        ('swagger-ui-bundle.js', 'text/javascript', b'SwaggerUIBundle'),
        ('swagger-ui.css', 'text/css', b'.swagger-ui'),
        ('favicon.png', 'image/png', b'\x89PNG'),
    ],
)
async def test_the_docs_assets_are_served_with_their_type(
    user: User, asset: str, content_type: str, marker: bytes
) -> None:
    response = await user.http_client.get(f'/docs-assets/{asset}')
    assert response.status_code == 200
    assert response.headers['content-type'].split(';')[0] == content_type
    assert marker in response.content[:2_000_000]


async def test_the_schema_lists_the_api_and_no_page(user: User) -> None:
    schema = (await user.http_client.get('/openapi.json')).json()
    assert schema['info']['title'] == 'Sales Coach'
    assert 'post' in schema['paths']['/api/v1/calls/']
    assert not any(path.startswith(('/docs', '/redoc', '/_nicegui', '/login')) for path in schema['paths'])


async def test_an_unknown_asset_is_a_404_not_a_log_in_page(user: User) -> None:
    response = await user.http_client.get('/docs-assets/nothing.js', follow_redirects=False)
    assert response.status_code == 404
