/*
 * The floor: the least a Gemini server can do per request with OpenSSL. One thread, blocking
 * sockets, one TLS handshake, read the request line, write a fixed response, close_notify.
 * Like every Gemini server (molly-brown and GenGemini included) it asks for a client certificate
 * and accepts any, so the handshakes are the same. The end-to-end benchmark compares server CPU
 * per request against it.
 *
 *   cc -O2 -o floor floor.c -lssl -lcrypto
 *   ./floor PORT cert.pem key.pem
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int accept_any(int preverified, X509_STORE_CTX *store) {
    (void)preverified;
    (void)store;
    return 1;
}

static const char response[] = "20 text/gemini\r\n# Static\n\nA small static page, the same bytes from every server.\n";

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PORT cert.pem key.pem\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_any);
    if (SSL_CTX_use_certificate_chain_file(ctx, argv[2]) != 1 || SSL_CTX_use_PrivateKey_file(ctx, argv[3], SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 512) != 0) {
        perror("listen");
        return 1;
    }
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) continue;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        SSL *ssl = SSL_new(ctx);
        SSL_set_fd(ssl, fd);
        char line[1027];
        int got = 0;
        if (SSL_accept(ssl) == 1) {
            while (got < (int)sizeof line) {
                int n = SSL_read(ssl, line + got, (int)sizeof line - got);
                if (n <= 0) break;
                got += n;
                if (memchr(line, '\n', got)) break;
            }
            if (got > 0) {
                SSL_write(ssl, response, sizeof response - 1);
                SSL_shutdown(ssl);
            }
        }
        SSL_free(ssl);
        close(fd);
    }
}
