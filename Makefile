# The two commands of README.md:
#   make run    install what is missing, build, start the collector with the example survey and sample feedback
#   make test   install what is missing, build (Release, then ASan+UBSan) and run every test suite
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
ifeq ($(CI),true)
  CMAKE_FLAGS += -DTOUCHPOINT_WERROR=ON
endif
CTEST_FLAGS ?= --output-on-failure -j$(JOBS) --timeout 600

.PHONY: run test deps build build-asan test-release test-asan bench clean format

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build build -j$(JOBS)

build-asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTOUCHPOINT_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build build-asan -j$(JOBS)

run: build
	scripts/run.sh

test-release: build
	cd build && ctest $(CTEST_FLAGS)

test-asan: build-asan
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest $(CTEST_FLAGS)

test: test-release test-asan

bench: build
	scripts/install-deps.sh --bench
	bench/run_all.sh

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build build-asan
