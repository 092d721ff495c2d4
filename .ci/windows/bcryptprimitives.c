/* A stand-in for bcryptprimitives.dll, for running the Windows build under Wine 8 in CI only;
 * never shipped. Rust's standard library takes its random seeds from ProcessPrng, which
 * Windows 10 and later export and Wine 8 does not; this one asks RtlGenRandom instead. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
