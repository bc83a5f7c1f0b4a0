"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): a
security key of the judge (allauth's pages to rename and remove it; everyone else gets a 404)."""


def params(season, judging) -> dict:
    from allauth.mfa.models import Authenticator
    from fido2.utils import websafe_encode

    from tests.prize.test_two_factor_keys import SoftKey

    credential = SoftKey().register({"publicKey": {"challenge": websafe_encode(b"c" * 16)}})
    key = Authenticator.objects.create(
        user=judging.users["judge"], type=Authenticator.Type.WEBAUTHN,
        data={"name": "Fuzz key", "credential": credential})
    return {
        "mfa_edit_webauthn": [{"pk": key.pk}],
        "mfa_remove_webauthn": [{"pk": key.pk}],
    }
