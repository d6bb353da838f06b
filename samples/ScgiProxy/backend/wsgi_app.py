# The same backend as a WSGI app, for uWSGI in SCGI mode:
#   uwsgi --plugin python3 --scgi-socket 127.0.0.1:4000 --wsgi-file backend/wsgi_app.py
# uWSGI answers in the CGI form ("Status: 20 text/gemini"), which GenGemini parses too.
def application(environ, start_response):
    path = environ.get("PATH_INFO", "") or "/"
    query = environ.get("QUERY_STRING", "")
    greeting = environ.get("GENGEMINI_GREETING", "")
    body = f"# Hello from uWSGI\n\nPath: {path}\nQuery: {query}\nGreeting passed by the capsule: {greeting}\n"
    start_response("20 text/gemini", [])
    return [body.encode("utf-8")]
