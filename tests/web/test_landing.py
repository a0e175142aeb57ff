"""The landing page leads citizens to the Libro and staff to the sign-in."""


def test_landing_page_links_citizens_to_the_libro_and_the_lookup(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/libro-de-reclamaciones"' in page
    assert 'href="/libro-de-reclamaciones/consulta"' in page
    assert "1880" in page and 'href="/login"' in page
