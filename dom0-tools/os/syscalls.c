/* SPDX-License-Identifier: BSD-2-Clause */
/* The rest of newlib's system calls: time, exit, and what dom0 lacks. */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "os_priv.h"

int gettimeofday(struct timeval *tv, void *tz);
int gettimeofday(struct timeval *tv, void *tz)
{
    (void)tz;
    uint64_t sec;
    uint32_t nsec;
    os_wallclock(&sec, &nsec);
    if (tv) {
        tv->tv_sec = (time_t)sec;
        tv->tv_usec = (suseconds_t)(nsec / 1000);
    }
    return 0;
}

/* All time since boot counts as dom0's own (one thread, no children). */
clock_t times(struct tms *t)
{
    clock_t now = (clock_t)(os_now_ns() / (1000000000ULL / CLOCKS_PER_SEC));
    if (t)
        *t = (struct tms){now, 0, 0, 0};
    return now;
}

void _exit(int code)
{
    struct sched_shutdown sd = {code ? SHUTDOWN_crash : SHUTDOWN_poweroff};
    for (;;)
        os_sched_op(SCHEDOP_shutdown, &sd);
}

pid_t getpid(void)
{
    return 1;
}

/* abort() ends in kill(getpid(), SIGABRT): dom0 crashes. */
int kill(pid_t pid, int sig)
{
    if (pid != 1) {
        errno = ESRCH;
        return -1;
    }
    if (sig)
        os_panic("killed by a signal (abort?)");
    return 0;
}

static int os_nosys(void)
{
    errno = ENOSYS;
    return -1;
}

pid_t fork(void)
{
    return os_nosys();
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    (void)path, (void)argv, (void)envp;
    return os_nosys();
}

pid_t wait(int *status)
{
    (void)status;
    return os_nosys();
}

int link(const char *old, const char *new)
{
    (void)old, (void)new;
    return os_nosys();
}

int unlink(const char *path)
{
    (void)path;
    return os_nosys();
}

int mkdir(const char *path, mode_t mode)
{
    (void)path, (void)mode;
    return os_nosys();
}

int fcntl(int fd, int cmd, ...)
{
    (void)fd, (void)cmd;
    return os_nosys();
}

int getentropy(void *buf, size_t n)
{
    (void)buf, (void)n;
    return os_nosys();
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    (void)how, (void)set;
    if (old)
        *old = 0;
    return 0;
}
