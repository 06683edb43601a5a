"""`python -m nns_kernel -f CONNECTION_FILE`: starts the nns kernel (the kernelspec's command)."""

from ipykernel.kernelapp import IPKernelApp

from .kernel import NNSKernel

if __name__ == "__main__":
    IPKernelApp.launch_instance(kernel_class=NNSKernel)
