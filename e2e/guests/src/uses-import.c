/*
 * uses-import.wasm: a command component that imports the non-WASI interface
 * test:host/log (see wit/host.wit), which the host must supply.
 * main(): log("hello host"); prints "add <add(40, 2)>"; exit 0.
 * The canonical ABI of both functions is flat, so no bindings are needed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

__attribute__((import_module("test:host/log"), import_name("log")))
void host_log(const char *ptr, size_t len);

__attribute__((import_module("test:host/log"), import_name("add")))
uint32_t host_add(uint32_t a, uint32_t b);

int main(void) {
  static const char msg[] = "hello host";
  host_log(msg, strlen(msg));
  printf("add %lu\n", (unsigned long)host_add(40, 2));
  return 0;
}
