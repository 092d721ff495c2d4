/* Holds a file open the way Excel holds a workbook it shows: read access, others may read it
 * but not write, rename or delete it. For the Windows smoke test under Wine only.
 * Usage: holdopen FILE STOPFILE — prints "held" once the file is open, and closes it when
 * STOPFILE exists (or after two minutes). */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 3) {
        fwprintf(stderr, L"usage: holdopen FILE STOPFILE\n");
        return 2;
    }
    HANDLE file = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"holdopen: cannot open (error %lu)\n", GetLastError());
        return 1;
    }
    printf("held\n");
    fflush(stdout);
    for (int i = 0; i < 1200; i++) {
        if (GetFileAttributesW(argv[2]) != INVALID_FILE_ATTRIBUTES) break;
        Sleep(100);
    }
    CloseHandle(file);
    return 0;
}
