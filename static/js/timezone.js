/* Tell the server the browser's time zone (cookie "tz"), so pages can show dates in the
   visitor's time as well. Only a display preference: the server does all date maths. */
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  // IANA names only ("Asia/Seoul", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+9").
  if (!zone || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) {
    return;
  }
  var current = null;
  var cookies = document.cookie ? document.cookie.split(";") : [];
  for (var i = 0; i < cookies.length; i++) {
    var pair = cookies[i].replace(/^\s+/, "");
    if (pair.indexOf("tz=") === 0) {
      current = pair.substring(3);
      break;
    }
  }
  if (current !== zone) {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" + secure;
  }
})();
