/*
 * A minimal epoll fan-out server, to calibrate `swchat bench`: the practical ceiling the performance issue compares
 * swchat with ("a minimal C epoll fan-out server, no protocol"). One thread, TCP_NODELAY, every line a client sends
 * goes to every client, gathered per epoll round and written once per client; a line containing "hello" is answered
 * with a welcome to its sender alone, which is all `swchat bench` needs. No limits, no protection: loopback only.
 *
 *   cc -O2 -o /tmp/fanout scripts/calibration/fanout.c && /tmp/fanout 19700
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
    int fd;
    char *in;
    size_t in_len, in_cap;
    char *out;
    size_t out_len, out_cap;
    int dirty, watching_out;
} client;

static client *clients[65536];
static int client_fds[65536];
static int nclients;
static int dirty[65536];
static int ndirty;
static int ep;

static void append(char **buf, size_t *len, size_t *cap, const char *data, size_t n) {
    if (*len + n > *cap) {
        size_t cap2 = *cap ? *cap : 1024;
        while (cap2 < *len + n) cap2 *= 2;
        *buf = realloc(*buf, cap2);
        *cap = cap2;
    }
    memcpy(*buf + *len, data, n);
    *len += n;
}

static void queue(client *c, const char *data, size_t n) {
    append(&c->out, &c->out_len, &c->out_cap, data, n);
    if (!c->dirty) {
        c->dirty = 1;
        dirty[ndirty++] = c->fd;
    }
}

static void drop(client *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    for (int i = 0; i < nclients; i++)
        if (client_fds[i] == c->fd) { client_fds[i] = client_fds[--nclients]; break; }
    clients[c->fd] = NULL;
    free(c->in);
    free(c->out);
    free(c);
}

static void flush_client(client *c) {
    while (c->out_len > 0) {
        ssize_t n = write(c->fd, c->out, c->out_len);
        if (n < 0) {
            if (errno == EAGAIN) break;
            c->out_len = 0;
            return;
        }
        memmove(c->out, c->out + n, c->out_len - (size_t)n);
        c->out_len -= (size_t)n;
    }
    int want = c->out_len > 0;
    if (want != c->watching_out) {
        struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.fd = c->fd};
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        c->watching_out = want;
    }
}

static void handle_line(client *c, const char *line, size_t n) {
    if (memmem(line, n, "\"hello\"", 7)) {
        static const char welcome[] = "{\"data\":\"hi\",\"data_source\":\"server\",\"type\":\"welcome\"}\n";
        queue(c, welcome, sizeof welcome - 1);
        return;
    }
    for (int i = 0; i < nclients; i++) {
        client *to = clients[client_fds[i]];
        queue(to, line, n);
        queue(to, "\n", 1);
    }
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 19700;
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 4096) < 0) {
        perror("fanout: bind");
        return 1;
    }
    ep = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &lev);
    struct epoll_event events[1024];
    char buf[65536];
    for (;;) {
        int n = epoll_wait(ep, events, 1024, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int cfd;
                while ((cfd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (cfd >= 65536) { close(cfd); continue; }
                    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    client *c = calloc(1, sizeof *c);
                    c->fd = cfd;
                    clients[cfd] = c;
                    client_fds[nclients++] = cfd;
                    struct epoll_event ev = {.events = EPOLLIN, .data.fd = cfd};
                    epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
                }
                continue;
            }
            client *c = clients[fd];
            if (!c) continue;
            if (events[i].events & EPOLLOUT) flush_client(c);
            if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            ssize_t got = read(fd, buf, sizeof buf);
            if (got <= 0) {
                if (got < 0 && errno == EAGAIN) continue;
                c->dirty = 0;
                drop(c);
                continue;
            }
            append(&c->in, &c->in_len, &c->in_cap, buf, (size_t)got);
            size_t start = 0;
            for (size_t k = 0; k < c->in_len; k++) {
                if (c->in[k] == '\n') {
                    handle_line(c, c->in + start, k - start);
                    start = k + 1;
                }
            }
            memmove(c->in, c->in + start, c->in_len - start);
            c->in_len -= start;
        }
        for (int i = 0; i < ndirty; i++) {
            client *c = clients[dirty[i]];
            if (!c) continue;
            c->dirty = 0;
            flush_client(c);
        }
        ndirty = 0;
    }
}
