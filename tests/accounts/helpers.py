"""Small steps the account tests share: a bearer token, a call with it, a login."""

import json

NEW_PASSWORD = "Neu#Passwort9"


def obtain_token(client, username, password, otp=None):
    body = {"username": username, "password": password}
    if otp is not None:
        body["otp"] = otp
    return client.post("/api/v1/auth/token", data=json.dumps(body), content_type="application/json")


def token_for(client, username, password) -> str:
    response = obtain_token(client, username, password)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def me(client, token):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def change_password(client, current, new, again=None):
    return client.post(
        "/account/password/",
        {
            "current_password": current,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
    )
