# Varnish in front of HAProxy: the stand-in for a CDN (docs/scaling.md).
# Rendered by deploy/render (placeholders ${...} come from the environment file).
#
# - Caches only what the app marks `Cache-Control: public` and honours `Vary`.
# - Never caches a request with a Cookie or an Authorization header (editors, partners with keys).
# - Purge by key: `PURGE /` with `xkey-purge: <space-separated keys>` (the app sends it after
#   every committed change to each URL in XKEY_PURGE_URLS); allowed only from the `purgers` ACL.
#   Responses carry their keys in the `xkey` header (vmod xkey from varnish-modules); only
#   objects holding one of the purged keys are removed, nothing else.
vcl 4.1;

import std;
import xkey;

backend haproxy {
    .host = "${HAPROXY_HOST}";
    .port = "${HAPROXY_PORT}";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may purge: this host only. On real hosts add the app nodes' addresses here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging not allowed"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header required"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in editors and partners with keys: always the app, never a shared copy.
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    # The admin and the health check are never cached (the app marks them private anyway).
    if (req.url ~ "^/(admin|django-admin)/" || req.url ~ "^/healthz") {
        return (pass);
    }
    return (hash);
}

sub vcl_backend_response {
    # Only what the app marks public; a Set-Cookie or private/no-store/no-cache is never shared.
    if (beresp.http.Set-Cookie
        || beresp.http.Vary == "*"
        || beresp.http.Cache-Control !~ "(?i)(^|,)\s*public"
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # A short grace serves the last copy while a node restarts; a purge removes it at once.
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    # The keys are between the app and this cache; readers see only whether it was a hit.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
