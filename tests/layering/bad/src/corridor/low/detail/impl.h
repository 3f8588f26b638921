#pragma once
int low_impl();
