// Security keys (WebAuthn) on the two-factor pages: allauth's script (mfa/js/webauthn.js) reports
// a key that was not used (cancelled, timed out, already added, not supported) as an
// "allauth.error" event. Say so on the page, in words the template gives (translated), instead of
// leaving it in the console.
(function () {
  'use strict'
  document.addEventListener('allauth.error', function (event) {
    const box = document.getElementById('security-key-error')
    if (!box) return
    event.preventDefault()
    const error = event.detail && event.detail.exception
    const name = error && error.name
    let text = box.dataset.other
    if (name === 'NotAllowedError' || name === 'AbortError') text = box.dataset.notAllowed
    else if (name === 'InvalidStateError') text = box.dataset.invalidState
    else if (name === 'NotSupportedError' || name === 'SecurityError') text = box.dataset.notSupported
    box.textContent = text
    box.hidden = false
    box.focus()
  })
})()
