/* Async-signal-safe forwarders that turn signals into one byte on the UI's wake pipe.
 *
 * SIGWINCH: calls the handler that was installed before (ncurses' own, so the next wget_wch still returns
 * KEY_RESIZE), then writes a byte. Needed because the kernel may deliver SIGWINCH to a thread other than the
 * one blocked in poll().
 * SIGTERM, SIGHUP, SIGINT: record the signal (read it with swchat_termination_requested()) and write a byte,
 * so the UI loop ends through its normal shutdown path instead of ncurses exiting from a signal handler.
 */
#ifndef SWCHAT_SUPPORT_H
#define SWCHAT_SUPPORT_H

#include <stdbool.h>

/** Installs the forwarders, writing wake-ups to `wake_fd` (non-blocking). Call after newterm(). 0, or -1 with errno. */
int swchat_install_signal_forwarders(int wake_fd);
/** Puts back the handlers that were there before install and stops writing to the fd. Idempotent. */
void swchat_restore_signal_handlers(void);
/** Whether SIGTERM, SIGHUP or SIGINT arrived since the forwarders were first installed. */
bool swchat_termination_requested(void);
/** The termination signal received, or 0. */
int swchat_termination_signal(void);

#endif
