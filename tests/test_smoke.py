def test_home_lists_published(client, published_claim):
    response = client.get("/")
    assert published_claim.published_verdict.headline in response.content.decode()
