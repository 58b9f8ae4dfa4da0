#define _POSIX_C_SOURCE 200809L

#include "swchat_support.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <unistd.h>

/* Lock-free atomics are async-signal-safe; the handlers may run on any thread. */
static atomic_int wake_fd = -1;
static atomic_int termination_signal = 0;
static bool installed = false;

/* SIGWINCH first, then the termination signals; previous[i] is what signals[i] had before install. */
static const int signals[] = {SIGWINCH, SIGTERM, SIGHUP, SIGINT};
enum { signal_count = sizeof signals / sizeof signals[0] };
static struct sigaction previous[signal_count];

static void wake(void) {
    int fd = wake_fd;
    if (fd >= 0) {
        char byte = 0;
        ssize_t ignored = write(fd, &byte, 1); /* EAGAIN: a wake-up is already pending */
        (void)ignored;
    }
}

static void on_sigwinch(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    const struct sigaction *chained = &previous[0];
    if (chained->sa_flags & SA_SIGINFO) {
        if (chained->sa_sigaction != NULL) chained->sa_sigaction(sig, info, context);
    } else if (chained->sa_handler != SIG_DFL && chained->sa_handler != SIG_IGN) {
        chained->sa_handler(sig); /* ncurses: records the resize for the next wget_wch */
    }
    wake();
    errno = saved_errno;
}

static void on_termination(int sig) {
    int saved_errno = errno;
    termination_signal = sig;
    wake();
    errno = saved_errno;
}

int swchat_install_signal_forwarders(int fd) {
    if (installed) return 0;
    wake_fd = fd;
    for (int i = 0; i < signal_count; i++) {
        struct sigaction action = {0};
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        if (signals[i] == SIGWINCH) {
            action.sa_flags |= SA_SIGINFO;
            action.sa_sigaction = on_sigwinch;
        } else {
            action.sa_handler = on_termination;
        }
        if (sigaction(signals[i], &action, &previous[i]) != 0) {
            int saved_errno = errno;
            while (i-- > 0) sigaction(signals[i], &previous[i], NULL);
            wake_fd = -1;
            errno = saved_errno;
            return -1;
        }
    }
    installed = true;
    return 0;
}

void swchat_restore_signal_handlers(void) {
    if (!installed) return;
    for (int i = signal_count - 1; i >= 0; i--) sigaction(signals[i], &previous[i], NULL);
    wake_fd = -1;
    installed = false;
}

bool swchat_termination_requested(void) { return termination_signal != 0; }

int swchat_termination_signal(void) { return termination_signal; }
