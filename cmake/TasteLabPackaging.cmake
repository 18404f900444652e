# CPack: `cpack -G DEB` in the build folder makes an installable .deb (shlibdeps computes Depends).
