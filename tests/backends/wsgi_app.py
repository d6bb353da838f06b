# A WSGI app that uWSGI serves over SCGI (--scgi-socket), written like the flup example of
# the SCGI document this project started from: start_response("20 text/gemini", []).
def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    query = environ.get("QUERY_STRING", "")
    if path == "/env":
        start_response("20 text/plain", [])
        keys = sorted(k for k, v in environ.items() if isinstance(v, str) and k.isupper())
        return ["".join(f"{k}={environ[k]}\n" for k in keys).encode("utf-8")]
    if path == "/binary":
        start_response("20 application/octet-stream", [])
        return [bytes(range(256))]
    if path.startswith("/status/"):
        start_response(path[len("/status/"):] + " Status from WSGI", [])
        return [b""]
    body = f"# Hello from SCGI!\n\nPath: {path}\nQuery: {query}\n"
    start_response("20 text/gemini", [])
    return [body.encode("utf-8")]
